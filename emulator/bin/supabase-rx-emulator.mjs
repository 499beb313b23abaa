#!/usr/bin/env node
import '../src/cli-entry.mjs';
