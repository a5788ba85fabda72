// The mapping of script entries lives with the verbs it maps to; this module keeps its old importers working.
export { scriptCommand, type ScriptCommand } from '../verbs/script.js';
