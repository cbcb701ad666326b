import {defineConfig} from 'vitest/config';

/**
 * Two projects: `unit` (pure logic, screens over fakes, local HTTP stubs) runs in parallel;
 * `integration` talks to the real Kafka and HBase of the local stack, which its global setup
 * starts when it is not running (and leaves running for the next run), one file at a time so
 * two cores are not shared by several JVM-bound suites.
 */
export default defineConfig({
	test: {
		projects: [
			{
				test: {
					name: 'unit',
					include: ['test/**/*.test.{ts,tsx}'],
					exclude: ['test/integration/**', 'node_modules/**'],
					testTimeout: 20_000,
				},
			},
			{
				test: {
					name: 'integration',
					include: ['test/integration/**/*.test.{ts,tsx}'],
					globalSetup: ['test/helpers/stack-setup.ts'],
					fileParallelism: false,
					testTimeout: 180_000,
					hookTimeout: 300_000,
				},
			},
		],
	},
});
