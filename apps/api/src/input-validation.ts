/**
 * The validation of typed input fields (class-validator), without a class-transformer pass over
 * the free-form JSON some inputs carry (a submission's `answers`, a definition). Those are
 * checked in depth by the definition engine, which first bounds their shape without recursion;
 * class-transformer would copy them recursively first, costing CPU on every submit and
 * overflowing the stack on deeply nested answers. The `__proto__` and `constructor` keys it drops
 * on the way stay, so the engine refuses them as UNKNOWN_FIELD instead of never seeing them.
 */
import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { badInput } from '@observatory/errors';

const FREE_FORM_JSON = Symbol('observatory:free-form-json');

/** Marks a JSON input field that the pipe passes through untouched (its presence is still validated). */
export function FreeFormJson(): PropertyDecorator {
  return (target, key) => {
    const keys: (string | symbol)[] = Reflect.getMetadata(FREE_FORM_JSON, target.constructor) ?? [];
    Reflect.defineMetadata(FREE_FORM_JSON, [...keys, key], target.constructor);
  };
}

function freeFormKeys(metatype: ArgumentMetadata['metatype']): (string | symbol)[] {
  return (metatype && Reflect.getMetadata(FREE_FORM_JSON, metatype)) ?? [];
}

class FreeFormAwareValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const keys = freeFormKeys(metadata.metatype);
    if (keys.length === 0 || typeof value !== 'object' || value === null)
      return super.transform(value, metadata);
    const input = value as Record<string | symbol, unknown>;
    // The typed fields go through the pipe with a placeholder for each free-form value that is
    // present (so @IsDefined still sees whether it was given); the values themselves go around it.
    const typed: Record<string | symbol, unknown> = { ...input };
    for (const key of keys) if (input[key] !== undefined && input[key] !== null) typed[key] = {};
    const result = (await super.transform(typed, metadata)) as Record<string | symbol, unknown>;
    for (const key of keys) if (key in input) result[key] = input[key];
    return result;
  }
}

/** The global pipe: class-validator failures become BAD_USER_INPUT built from rule messages, never values. */
export function inputValidationPipe(): ValidationPipe {
  return new FreeFormAwareValidationPipe({
    transform: true,
    whitelist: true,
    forbidUnknownValues: false,
    // class-validator messages name the property and the rule, never the value.
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      badInput(
        errors.flatMap((error) => Object.values(error.constraints ?? {})).join('; ') ||
          'Invalid input',
      ),
  });
}
