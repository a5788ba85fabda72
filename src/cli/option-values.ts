import { InvalidArgumentError } from 'commander';

/** `-o FILE`: a name that is empty or blank is a mistake (a variable that was not set), not stdout. */
export function outputFile(value: string): string {
  if (!value.trim()) throw new InvalidArgumentError('is empty: name a file, or leave -o out to write to stdout');
  return value;
}
