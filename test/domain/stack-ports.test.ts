import {describe, expect, it} from 'vitest';
import {ValidationError} from '../../source/domain/errors.js';
import {MAX_PORT_OFFSET, parsePortOffset, portOffsetFromEnv, portsWithOffset, stackPorts} from '../../source/domain/stack-ports.js';

describe('the stack port offset', () => {
	it.each([
		[undefined, 0],
		['', 0],
		['0', 0],
		['20000', 20_000],
		[' 7 ', 7],
		[String(MAX_PORT_OFFSET), MAX_PORT_OFFSET],
	])('reads %j as %i', (raw, offset) => {
		expect(parsePortOffset(raw)).toBe(offset);
	});

	it.each(['abc', '-1', '1.5', '1e3', '0x10', String(MAX_PORT_OFFSET + 1), 'NaN', '12abc'])('refuses %j instead of reading it as 0', raw => {
		expect(() => parsePortOffset(raw)).toThrow(ValidationError);
		expect(() => portOffsetFromEnv({USERDATA_STACK_PORT_OFFSET: raw})).toThrow(
			`USERDATA_STACK_PORT_OFFSET must be a whole number from 0 to 40000 (got ${JSON.stringify(raw)})`,
		);
	});

	it('names the field it was given as', () => {
		expect(() => parsePortOffset('x', '--port-offset')).toThrow(/^--port-offset must be/);
	});

	it('shifts every port, and the highest stays below 65536', () => {
		const shifted = portsWithOffset(1000);
		for (const [name, port] of Object.entries(stackPorts)) expect(shifted[name as keyof typeof stackPorts]).toBe(port + 1000);
		expect(Math.max(...Object.values(portsWithOffset(MAX_PORT_OFFSET)))).toBeLessThan(65_536);
	});
});
