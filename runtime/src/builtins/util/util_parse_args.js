// util.parseArgs: Node's command-line parser — the arguments become tokens
// (options, positionals, the `--` terminator), the tokens are checked
// (strict mode) and stored into `values`, then defaults fill the gaps.
'use strict';

const { errors } = internals;
const { codeError } = errors;
const own = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
const optionType = (options, name) => (own(options, name) ? options[name].type : undefined);

function shortToLong(short, options) {
  for (const [name, config] of Object.entries(options)) {
    if (config.short === short) return name;
  }
  return short;
}

const isOptionLike = (v) => v != null && v.length > 1 && v[0] === '-';
const isShortGroupOrValue = (arg) => arg.length > 2 && arg[0] === '-' && arg[1] !== '-';

function tokenize(args, options) {
  const tokens = [];
  let index = -1;
  const rest = args.slice();
  let groupLeft = 0;
  while (rest.length > 0) {
    const arg = rest.shift();
    const next = rest[0];
    // The expanded letters of a short group share the group's index.
    if (groupLeft > 0) groupLeft--;
    else index++;
    if (arg === '--') {
      tokens.push({ kind: 'option-terminator', index });
      for (const value of rest) tokens.push({ kind: 'positional', index: ++index, value });
      break;
    }
    // A lone option (-f, --file): a string option takes the next argument.
    const lone = (name) => {
      const takes = optionType(options, name) === 'string' && next !== undefined;
      tokens.push({ kind: 'option', name, rawName: arg, index, value: takes ? rest.shift() : undefined, inlineValue: takes ? false : undefined });
      if (takes) ++index;
    };
    if (arg.length === 2 && arg[0] === '-' && arg[1] !== '-') {
      lone(shortToLong(arg[1], options));
      continue;
    }
    if (isShortGroupOrValue(arg) && optionType(options, shortToLong(arg[1], options)) !== 'string') {
      const expanded = [];
      for (let i = 1; i < arg.length; i++) {
        const name = shortToLong(arg[i], options);
        if (optionType(options, name) !== 'string' || i === arg.length - 1) {
          expanded.push(`-${arg[i]}`);
        } else {
          expanded.push(`-${arg.slice(i)}`);
          break;
        }
      }
      rest.unshift(...expanded);
      groupLeft = expanded.length;
      continue;
    }
    if (isShortGroupOrValue(arg)) {
      tokens.push({ kind: 'option', name: shortToLong(arg[1], options), rawName: `-${arg[1]}`, index, value: arg.slice(2), inlineValue: true });
      continue;
    }
    if (arg.length > 2 && arg.startsWith('--')) {
      const eq = arg.indexOf('=', 3);
      if (eq === -1) {
        lone(arg.slice(2));
      } else {
        const name = arg.slice(2, eq);
        tokens.push({ kind: 'option', name, rawName: `--${name}`, index, value: arg.slice(eq + 1), inlineValue: true });
      }
      continue;
    }
    tokens.push({ kind: 'positional', index, value: arg });
  }
  // Node leaves value/inlineValue out of tokens that have none.
  for (const t of tokens) {
    if (t.kind === 'option' && t.value === undefined) {
      delete t.value;
      delete t.inlineValue;
    }
  }
  return tokens;
}

function invalidValue(message) {
  return codeError(TypeError, 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE', message);
}

function checkUsage(options, allowPositionals, token) {
  if (!own(options, token.name)) {
    const hint = allowPositionals
      ? `. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- ${JSON.stringify(token.rawName)}`
      : '';
    throw codeError(TypeError, 'ERR_PARSE_ARGS_UNKNOWN_OPTION', `Unknown option '${token.rawName}'${hint}`);
  }
  const { short, type } = options[token.name];
  const shortAndLong = `${short ? `-${short}, ` : ''}--${token.name}`;
  if (type === 'string' && typeof token.value !== 'string') throw invalidValue(`Option '${shortAndLong} <value>' argument missing`);
  if (type === 'boolean' && token.value != null) throw invalidValue(`Option '${shortAndLong}' does not take an argument`);
  if (!token.inlineValue && isOptionLike(token.value)) {
    const example = token.rawName.startsWith('--') ? `'${token.rawName}=-XYZ'` : `'--${token.name}=-XYZ' or '${token.rawName}-XYZ'`;
    throw invalidValue(`Option '${token.rawName}' argument is ambiguous.\nDid you forget to specify the option argument for '${token.rawName}'?\nTo specify an option argument starting with a dash use ${example}.`);
  }
}

function validateConfig(options) {
  for (const [name, config] of Object.entries(options)) {
    errors.validateObject(config, `options.${name}`);
    const { type, short, multiple, default: def } = config;
    if (type !== 'string' && type !== 'boolean') {
      throw errors.invalidArgType(`options.${name}.type`, "('string|boolean')", type);
    }
    if (own(config, 'short')) {
      errors.validateString(short, `options.${name}.short`);
      if (short.length !== 1) {
        throw codeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The property 'options.${name}.short' must be a single character. Received ${internals.requireBuiltin('util').inspect(short)}`);
      }
    }
    if (own(config, 'multiple')) errors.validateBoolean(multiple, `options.${name}.multiple`);
    if (def === undefined) continue;
    const check = type === 'string' ? errors.validateString : errors.validateBoolean;
    if (multiple) {
      if (!Array.isArray(def)) throw errors.invalidArgType(`options.${name}.default`, 'an instance of Array', def);
      def.forEach((v, i) => check(v, `options.${name}.default[${i}]`));
    } else {
      check(def, `options.${name}.default`);
    }
  }
}

// The arguments of the script: after the script's path, or after the
// runtime itself for -e/-p.
function mainArgs() {
  const evaluating = process.execArgv.some((a) => /^(-e|--eval|-p|--print)(=|$)/.test(a) || /^-[a-z]*[ep]$/.test(a));
  return process.argv.slice(evaluating ? 1 : 2);
}

function parseArgs(config = {}) {
  // Node reads the fields without checking config itself.
  if (config === null) throw new TypeError('Cannot convert undefined or null to object');
  config = Object(config);
  const args = config.args ?? mainArgs();
  const strict = config.strict ?? true;
  const allowPositionals = config.allowPositionals ?? !strict;
  const returnTokens = config.tokens ?? false;
  const allowNegative = config.allowNegative ?? false;
  const options = config.options ?? { __proto__: null };
  if (!Array.isArray(args)) throw errors.invalidArgType('args', 'an instance of Array', args);
  errors.validateBoolean(strict, 'strict');
  errors.validateBoolean(allowPositionals, 'allowPositionals');
  errors.validateBoolean(returnTokens, 'tokens');
  errors.validateBoolean(allowNegative, 'allowNegative');
  errors.validateObject(options, 'options');
  validateConfig(options);

  const tokens = tokenize(args, options);
  const values = { __proto__: null };
  const positionals = [];
  for (const token of tokens) {
    if (token.kind === 'option') {
      let negated = false;
      if (allowNegative && token.name.startsWith('no-') && optionType(options, token.name.slice(3)) === 'boolean') {
        token.name = token.name.slice(3);
        negated = true;
      }
      if (strict) checkUsage(options, allowPositionals, token);
      const name = token.name;
      if (name === '__proto__') continue;
      const value = negated ? false : token.value ?? true;
      if (own(options, name) && options[name].multiple) (values[name] ??= []).push(value);
      else values[name] = value;
    } else if (token.kind === 'positional') {
      if (!allowPositionals) {
        throw codeError(TypeError, 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL', `Unexpected argument '${token.value}'. This command does not take positional arguments`);
      }
      positionals.push(token.value);
    }
  }
  for (const [name, config] of Object.entries(options)) {
    if (config.default !== undefined && values[name] === undefined) values[name] = config.default;
  }
  const result = { values, positionals };
  if (returnTokens) result.tokens = tokens;
  return result;
}

module.exports = parseArgs;
