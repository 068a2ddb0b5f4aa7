#!/usr/bin/env node
// The `attune` command. Attune is written in TypeScript and run through tsx, so this small
// JavaScript shim registers tsx before loading the real entry point.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
