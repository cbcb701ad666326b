import type {Clipboard} from './console-context.js';

/**
 * `y` copies a row key as k9s and lazygit do: through OSC 52, the terminal's own clipboard
 * sequence, which also crosses SSH. Terminals that ignore it would leave the user believing
 * it worked, so it is sent only where the terminal is known to take it (or the user says so
 * with USERDATA_CLIPBOARD=osc52); elsewhere the key is shown in full to select.
 */
export function osc52Allowed(env: NodeJS.ProcessEnv): boolean {
	const setting = env.USERDATA_CLIPBOARD?.toLowerCase();
	if (setting === 'osc52') return true;
	if (setting === 'off') return false;
	// tmux drops it unless set-clipboard is on, and says nothing: only when asked for.
	if (env.TMUX || env.STY) return false;
	const program = env.TERM_PROGRAM ?? '';
	const term = env.TERM ?? '';
	return ['iTerm.app', 'WezTerm', 'ghostty', 'vscode'].includes(program) || /kitty|alacritty|foot|ghostty|wezterm/u.test(term);
}

/** The OSC 52 sequence that sets the clipboard to `text`. */
export function osc52(text: string): string {
	return `\u001B]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
}

export function terminalClipboard(env: NodeJS.ProcessEnv, write: (data: string) => void): Clipboard {
	const allowed = osc52Allowed(env);
	return {
		copy(text) {
			if (!allowed) return false;
			write(osc52(text));
			return true;
		},
	};
}
