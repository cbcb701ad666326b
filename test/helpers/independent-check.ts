import {execFileSync, spawnSync} from 'node:child_process';

/**
 * Tests that cross-check our work with an independent tool (Python happybase reading HBase, a
 * real terminal under tmux) may skip on a developer's machine that lacks the tool, but never in
 * CI: there a skip would report a claim as checked when nothing checked it.
 */
export const inCi = process.env.CI === 'true';

/**
 * The Python that has happybase. .ci/run makes a virtual environment (a stock Debian Python
 * refuses `pip install` into the system, PEP 668) and names its interpreter here.
 */
export const python = process.env.USERDATA_PYTHON ?? 'python3';

export const happybaseImportable = spawnSync(python, ['-c', 'import happybase'], {stdio: 'ignore'}).status === 0;

export const tmuxAvailable = (() => {
	try {
		execFileSync('tmux', ['-V'], {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	}
})();

/**
 * Returns when the check can run; otherwise skips the test, or fails it in CI.
 * `skip` is vitest's test-context skip, which throws to end the test.
 */
export function requireIndependentCheck(available: boolean, what: string, skip: (note: string) => void): void {
	if (available) return;
	if (inCi) throw new Error(`${what} is not available, so this independent check cannot run; CI installs it in .ci/run`);
	skip(`${what} is not available: the independent check was not run`);
}
