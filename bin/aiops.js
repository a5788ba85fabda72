#!/usr/bin/env node
import { main, mayEndPromptly } from '../dist/cli/main.js';

// A command that left nothing running (export) ends here, exit code as set, heap not torn down.
main(process.argv).then(() => {
  if (mayEndPromptly()) process.exit();
});
