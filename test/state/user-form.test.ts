import {describe, expect, it} from 'vitest';
import {ValidationError} from '../../source/domain/errors.js';
import {changesOf, checkFields, createFields, createValues, editFields, withServerError, withValue} from '../../source/state/user-form.js';

describe('user form', () => {
	it('puts the required columns first in a new user', () => {
		expect(
			createFields()
				.slice(0, 3)
				.map(field => field.column),
		).toEqual(['info:first_name', 'info:last_name', 'contact:email']);
	});

	it('checks a field as it is left, with the message of the domain validation', () => {
		const fields = withValue(createFields(), 2, 'not-an-email', 'create');
		expect(fields[2]?.error).toBe('not an email address ("not-an-email")');
		expect(withValue(fields, 2, 'a@b.example', 'create')[2]?.error).toBeUndefined();
	});

	it('sends only non-empty values on create, and only changes on edit', () => {
		let fields = createFields();
		fields = withValue(fields, 0, 'Ava', 'create');
		expect(createValues(fields)).toEqual({'info:first_name': 'Ava'});
		expect(checkFields(fields, 'create').firstError).toBe(1);

		const row = {
			id: 'r',
			updatedAt: 5,
			cells: [
				{column: 'info:first_name', value: 'Ava', timestamp: 5},
				{column: 'contact:phone', value: '1', timestamp: 5},
				{column: 'info:foo', value: 'x', timestamp: 5},
			],
		};
		let edit = editFields(row);
		expect(edit.at(-1)).toMatchObject({column: 'info:foo', readOnly: true});
		const phone = edit.findIndex(field => field.column === 'contact:phone');
		const nat = edit.findIndex(field => field.column === 'info:nat');
		edit = withValue(edit, phone, '', 'edit');
		edit = withValue(edit, nat, 'NO', 'edit');
		expect(changesOf(edit)).toEqual({set: {'info:nat': 'NO'}, unset: ['contact:phone'], count: 2});
		const first = withValue(edit, 0, '', 'edit');
		expect(first[0]?.error).toMatch(/cannot be cleared/u);
	});

	it("places a service's validation error under its field", () => {
		const placed = withServerError(createFields(), new ValidationError('contact:email: not an email address', {field: 'contact:email'}));
		expect(placed.index).toBe(2);
		expect(placed.fields[2]?.error).toBe('not an email address');
	});
});
