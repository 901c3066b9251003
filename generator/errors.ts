/**
 * A problem with the generator's input. The message names the proto file and the element
 * (message, field, RPC, option) so that a user can go straight to the line that is wrong.
 */
export class GeneratorError extends Error {
  override name = "GeneratorError";

  constructor(
    readonly file: string,
    readonly element: string,
    readonly problem: string,
  ) {
    super(`${file}: ${element}: ${problem}`);
  }
}
