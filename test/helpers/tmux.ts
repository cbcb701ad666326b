import {execFileSync} from 'node:child_process';

/** A terminal program driven through tmux: send keys, read the screen (as a person would). */
export class TmuxSession {
	constructor(readonly name: string) {}

	static start(name: string, command: string, env: Record<string, string>, columns = 120, rows = 36): TmuxSession {
		// CI=false: Ink draws only the last frame when it believes it runs in CI (CI is set there).
		const exports = Object.entries({CI: 'false', ...env}).map(([key, value]) => `${key}=${JSON.stringify(value)}`);
		execFileSync('tmux', [
			'new-session',
			'-d',
			'-s',
			name,
			'-x',
			String(columns),
			'-y',
			String(rows),
			`env ${exports.join(' ')} ${command}; echo "exited with $?"; sleep 30`,
		]);
		return new TmuxSession(name);
	}

	keys(...keys: string[]): void {
		execFileSync('tmux', ['send-keys', '-t', this.name, ...keys]);
	}

	screen(): string {
		return execFileSync('tmux', ['capture-pane', '-p', '-t', this.name], {encoding: 'utf8'});
	}

	/** The pid of the pane's shell: the program started is its child. */
	panePid(): number {
		return Number(execFileSync('tmux', ['display-message', '-p', '-t', this.name, '#{pane_pid}'], {encoding: 'utf8'}).trim());
	}

	alive(): boolean {
		try {
			execFileSync('tmux', ['has-session', '-t', this.name], {stdio: 'ignore'});
			return true;
		} catch {
			return false;
		}
	}

	kill(): void {
		try {
			execFileSync('tmux', ['kill-session', '-t', this.name], {stdio: 'ignore'});
		} catch {}
	}
}
