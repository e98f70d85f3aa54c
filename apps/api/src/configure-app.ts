import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import { badInput } from '../../../libs/errors/src';
import { DomainErrorFilter } from './domain-error.filter';

/** What both the real process and the end-to-end tests apply to the Nest application. */
export function configureApp(app: INestApplication): void {
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new DomainErrorFilter());
  app.useGlobalPipes(
    new ValidationPipe({
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
    }),
  );
}
