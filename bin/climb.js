#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader so `npx climb` works straight from a clone.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/bin.ts');
