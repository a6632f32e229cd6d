#!/usr/bin/env node
import '../dist/kubeharden.js';
