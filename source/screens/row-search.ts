/** What a value search sends: `column~text` / `column=text` as typed, or a last name. */
export function whereOf(text: string): string | undefined {
	if (text === '') return undefined;
	return /^[a-z]+:[A-Za-z0-9_]+[~=]/u.test(text) ? text : `info:last_name~${text}`;
}
