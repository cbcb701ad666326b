import {type Binding} from './keymap.js';

/**
 * The console's read-only guard, in one place: every key that writes (to HBase, or to Kafka by
 * starting the producer or the sink) is named here, and in read-only mode useKeymap does not run
 * it and the hints and the help do not show it. A new write key is covered by adding it here.
 * The CRUD service refuses writes in read-only mode too, so a key missed here still sends nothing.
 */
export const WRITE_COMMANDS: ReadonlySet<string> = new Set([
	'producer.start',
	'sink.start',
	'browser.new',
	'browser.edit',
	'browser.delete',
	'detail.edit',
	'detail.deleteCell',
	'detail.deleteRow',
	'field.edit',
	'form.save',
	'form.revert',
	'forms.new',
	'forms.deleteCell',
	'forms.deleteRow',
	'edit.save',
	'conflict.overwrite',
	'versions.restore',
	'dlq.replay',
	'dlq.replayAll',
	'dlq.edit',
]);

/** Whether a binding may run (and be shown) in this mode. */
export function allowedIn(readOnly: boolean, binding: Pick<Binding, 'command'>): boolean {
	return !readOnly || !WRITE_COMMANDS.has(binding.command);
}
