import { z } from 'zod';

/*
 * The environment's schema machinery. It lives here, in the lowest library that reads the
 * environment, so that identity's variables and the platform's are declared the same way and checked
 * in one pass (libs/platform/src/config.ts puts them all in one schema).
 */

/** One environment variable: how it parses, what it falls back to, and how it is documented. */
export interface EnvVariable<T = unknown> {
  /** Parses the trimmed, non-empty value. An issue without its own message is reported with `rule`. */
  readonly schema: z.ZodType<T, string>;
  /** What an unset (or empty) variable means. */
  readonly fallback: T;
  /** What a value must be, completing "NAME must be ...": `an integer from 1 to 65535`. */
  readonly rule: string;
  /** The default as written in `.env.example` and README; null when the default is unset. */
  readonly default: string | null;
  /** One line for `.env.example` and README. */
  readonly description: string;
  /** Never echoed back in an error message (keys, tokens, connection strings with passwords). */
  readonly secret?: boolean;
}

export type EnvVariables = Readonly<Record<string, EnvVariable>>;

export type EnvValues<V extends EnvVariables> = {
  readonly [K in keyof V]: V[K] extends EnvVariable<infer T> ? T : never;
};

/** A rule across variables: report(name, message) for each broken one; message starts with a name. */
export type CrossRule<V extends EnvVariables> = (
  values: EnvValues<V>,
  report: (name: keyof V & string, message: string) => void,
) => void;

export class ConfigurationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      problems.length === 1
        ? `Invalid configuration: ${problems[0] ?? ''}`
        : `Invalid configuration (${problems.length} problems):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigurationError';
  }
}

const present = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/** The zod schema of a whole environment: every variable, then the rules across them. */
export const environmentSchema = <V extends EnvVariables>(
  variables: V,
  rules: readonly CrossRule<V>[] = [],
) => {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, variable] of Object.entries(variables))
    shape[name] = z.preprocess(present, variable.schema.optional()).transform((v) => v ?? variable.fallback);
  return z.object(shape).superRefine((values, ctx) => {
    for (const rule of rules)
      rule(values as EnvValues<V>, (name, message) =>
        ctx.addIssue({ code: 'custom', path: [name], message, input: values[name] }),
      );
  });
};

/** Parses an environment against its schema; throws one ConfigurationError naming every bad variable. */
export const parseEnvironment = <V extends EnvVariables>(
  variables: V,
  env: Readonly<Record<string, string | undefined>>,
  rules: readonly CrossRule<V>[] = [],
): EnvValues<V> => {
  const result = environmentSchema(variables, rules).safeParse(env);
  if (result.success) return result.data as EnvValues<V>;
  const problems = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? '');
    const variable = variables[name];
    if (issue.message.startsWith(name) || !variable) return issue.message;
    const raw = env[name]?.trim() ?? '';
    return `${name} must be ${variable.rule}${variable.secret ? '' : `, got "${raw}"`}`;
  });
  throw new ConfigurationError([...new Set(problems)]);
};

/** A full message from inside a schema (it names the variable itself). */
export const fail = (ctx: z.RefinementCtx, message: string): never => {
  ctx.addIssue({ code: 'custom', message });
  return z.NEVER;
};

const range = (min: number, max: number | undefined): string =>
  max === undefined ? `an integer ${min} or more` : `an integer from ${min} to ${max}`;

export const integerVariable = (spec: {
  min: number;
  max?: number;
  fallback: number;
  description: string;
}): EnvVariable<number> => ({
  schema: z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number)
    .pipe(
      spec.max === undefined ? z.number().int().min(spec.min) : z.number().int().min(spec.min).max(spec.max),
    ),
  fallback: spec.fallback,
  rule: range(spec.min, spec.max),
  default: String(spec.fallback),
  description: spec.description,
});

const TRUE = ['true', '1', 'yes', 'on'];
const FALSE = ['false', '0', 'no', 'off'];

/** `true`/`false`, `1`/`0` (also yes/no, on/off), any case; anything else fails instead of meaning true. */
export const booleanVariable = (spec: { fallback: boolean; description: string }): EnvVariable<boolean> => ({
  schema: z
    .string()
    .transform((raw) => raw.toLowerCase())
    .pipe(z.enum([...TRUE, ...FALSE]))
    .transform((value) => TRUE.includes(value)),
  fallback: spec.fallback,
  rule: 'true or false (1/0)',
  default: String(spec.fallback),
  description: spec.description,
});

export const enumVariable = <const T extends readonly [string, ...string[]]>(spec: {
  values: T;
  fallback: T[number];
  description: string;
}): EnvVariable<T[number]> => ({
  schema: z.enum(spec.values),
  fallback: spec.fallback,
  rule: `one of ${spec.values.join(', ')}`,
  default: spec.fallback,
  description: spec.description,
});

export const textVariable = <F extends string | null>(spec: {
  fallback: F;
  description: string;
  rule?: string;
  schema?: z.ZodType<string, string>;
  secret?: boolean;
  default?: string | null;
}): EnvVariable<string | F> => ({
  schema: spec.schema ?? z.string(),
  fallback: spec.fallback,
  rule: spec.rule ?? 'any text',
  default: spec.default !== undefined ? spec.default : spec.fallback,
  description: spec.description,
  ...(spec.secret ? { secret: true } : {}),
});
