#!/usr/bin/env node
// Runs the TypeScript CLI (cli/main.ts) through tsx, scoped to this import: `npx transfer-desk --help`.
import { tsImport } from 'tsx/esm/api';

const { main } = await tsImport('../cli/main.ts', import.meta.url);
process.exitCode = await main();
