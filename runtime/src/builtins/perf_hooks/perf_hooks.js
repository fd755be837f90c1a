// node:perf_hooks: the `performance` timeline (marks, measures, observers,
// timerify, event loop utilization), histograms (createHistogram, monitorEventLoopDelay) counting
// values in the HdrHistogram layout Node uses, so minimums, maximums, means
// and percentiles come out as Node's do.
'use strict';

const { errors } = internals;
const engineNow = internals.enginePerformance.now.bind(internals.enginePerformance);
const timeOrigin = Date.now() - engineNow();

// ---- histograms ----------------------------------------------------------

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const INT64_MAX = 9223372036854775807n;

function bitLength(v) {
  return v < 2 ** 31 ? 32 - Math.clz32(v) : 32 + bitLength(Math.floor(v / 2 ** 32));
}

const { validateInteger } = errors;

const kCounts = Symbol('counts');

// Values are counted per bucket of "equivalent" values: exact below
// 2 * 10^figures, then in ranges as wide as 2^shift that keep `figures`
// significant digits (HdrHistogram's layout, as in Node).
class Histogram {
  constructor(lowest = 1, highest = MAX_SAFE, figures = 3) {
    this[kCounts] = {
      lowest,
      highest,
      unit: Math.floor(Math.log2(lowest)),
      half: Math.ceil(Math.log2(2 * 10 ** figures)) - 1,
      buckets: new Map(), // lowest equivalent value → count
      total: 0,
      min: Infinity,
      max: 0,
      exceeds: 0,
    };
  }

  get count() { return this[kCounts].total; }
  get countBigInt() { return BigInt(this.count); }
  get exceeds() { return this[kCounts].exceeds; }
  get exceedsBigInt() { return BigInt(this.exceeds); }
  get min() { return Number(this.minBigInt); }
  get minBigInt() {
    const h = this[kCounts];
    return h.total === 0 ? INT64_MAX : BigInt(lowestEquivalent(h, h.min));
  }
  get max() { return Number(this.maxBigInt); }
  get maxBigInt() {
    const h = this[kCounts];
    return BigInt(h.max === 0 ? 0 : highestEquivalent(h, h.max));
  }
  get mean() {
    const h = this[kCounts];
    if (h.total === 0) return NaN;
    let sum = 0;
    for (const [v, n] of h.buckets) sum += medianEquivalent(h, v) * n;
    return sum / h.total;
  }
  get stddev() {
    const h = this[kCounts];
    if (h.total === 0) return NaN;
    const mean = this.mean;
    let dev = 0;
    for (const [v, n] of h.buckets) dev += (medianEquivalent(h, v) - mean) ** 2 * n;
    return Math.sqrt(dev / h.total);
  }
  percentile(p) {
    if (typeof p !== 'number') throw errors.invalidArgType('percentile', 'of type number', p);
    if (!(p > 0 && p <= 100)) throw errors.outOfRange('percentile', '> 0 && <= 100', p);
    const h = this[kCounts];
    const wanted = Math.max(1, Math.floor((p / 100) * h.total + 0.5));
    let seen = 0;
    for (const v of sortedValues(h)) {
      seen += h.buckets.get(v);
      if (seen >= wanted) return highestEquivalent(h, v);
    }
    return 0;
  }
  percentileBigInt(p) { return BigInt(this.percentile(p)); }
  // Percentile → value at steps that halve the distance to 100 (0, 50, 75,
  // 87.5, …) as the counted values reach them, then 100 → the last value.
  get percentiles() {
    const h = this[kCounts];
    const out = new Map();
    let next = 0;
    let seen = 0;
    let last = 0;
    for (const v of sortedValues(h)) {
      seen += h.buckets.get(v);
      last = v;
      while ((100 * seen) / h.total >= next) {
        out.set(next, v);
        next += 100 / 2 ** (Math.floor(Math.log2(100 / (100 - next))) + 1);
        if (seen === h.total) break;
      }
      if (seen === h.total) break;
    }
    out.set(100, last);
    return out;
  }
  get percentilesBigInt() {
    return new Map([...this.percentiles].map(([k, v]) => [k, BigInt(v)]));
  }
  reset() {
    const h = this[kCounts];
    h.buckets.clear();
    h.total = 0;
    h.min = Infinity;
    h.max = 0;
    h.exceeds = 0;
  }
}

function shiftOf(h, v) {
  return Math.max(0, bitLength(v) - h.half - 1 - h.unit) + h.unit;
}
function lowestEquivalent(h, v) {
  const s = shiftOf(h, v);
  return Math.floor(v / 2 ** s) * 2 ** s;
}
function highestEquivalent(h, v) {
  return lowestEquivalent(h, v) + 2 ** shiftOf(h, v) - 1;
}
function medianEquivalent(h, v) {
  return lowestEquivalent(h, v) + Math.floor(2 ** shiftOf(h, v) / 2);
}
function sortedValues(h) {
  return [...h.buckets.keys()].sort((a, b) => a - b);
}

function recordValue(hist, v) {
  const h = hist[kCounts];
  if (v > h.highest) {
    h.exceeds++;
    return;
  }
  const key = lowestEquivalent(h, v);
  h.buckets.set(key, (h.buckets.get(key) || 0) + 1);
  h.total++;
  if (v < h.min) h.min = v;
  if (v > h.max) h.max = v;
}

const kPrevious = Symbol('previous');

class RecordableHistogram extends Histogram {
  record(val) {
    if (typeof val === 'bigint') {
      if (val < 1n || val > BigInt(MAX_SAFE)) throw errors.outOfRange('val', `>= 1 && <= ${MAX_SAFE}`, val);
      val = Number(val);
    } else if (typeof val !== 'number') {
      throw errors.invalidArgType('val', 'of type number', val);
    } else {
      validateInteger(val, 'val', 1, MAX_SAFE);
    }
    recordValue(this, val);
  }
  // The time since the previous call, in nanoseconds.
  recordDelta() {
    const now = Math.round(engineNow() * 1e6);
    if (this[kPrevious] !== undefined && now > this[kPrevious]) recordValue(this, now - this[kPrevious]);
    this[kPrevious] = now;
  }
  add(other) {
    if (!(other instanceof Histogram)) {
      throw errors.invalidArgType('other', 'an instance of RecordableHistogram', other);
    }
    const o = other[kCounts];
    for (const [v, n] of o.buckets) {
      for (let i = 0; i < n; i++) recordValue(this, v);
    }
    this[kCounts].exceeds += o.exceeds;
  }
}

function createHistogram(options = {}) {
  const { lowest = 1, highest = MAX_SAFE, figures = 3 } = options;
  const num = (v) => (typeof v === 'bigint' ? Number(v) : v);
  validateInteger(num(lowest), 'options.lowest', 1, MAX_SAFE);
  validateInteger(num(highest), 'options.highest', 2 * num(lowest), MAX_SAFE);
  validateInteger(figures, 'options.figures', 1, 5);
  return new RecordableHistogram(num(lowest), num(highest), figures);
}

// The event loop's delay: a timer every `resolution` ms (not keeping the
// loop alive) records the time between its runs, in nanoseconds.
const kTimer = Symbol('timer');

class IntervalHistogram extends Histogram {
  constructor(resolution) {
    super();
    this[kTimer] = { resolution, handle: undefined, previous: 0 };
  }
  enable() {
    const t = this[kTimer];
    if (t.handle !== undefined) return false;
    t.previous = engineNow();
    t.handle = setInterval(() => {
      const now = engineNow();
      const delta = Math.round((now - t.previous) * 1e6);
      t.previous = now;
      if (delta > 0) recordValue(this, delta);
    }, t.resolution);
    t.handle.unref();
    return true;
  }
  disable() {
    const t = this[kTimer];
    if (t.handle === undefined) return false;
    clearInterval(t.handle);
    t.handle = undefined;
    return true;
  }
}

function monitorEventLoopDelay(options = {}) {
  if (options === null || typeof options !== 'object') throw errors.invalidArgType('options', 'of type object', options);
  const { resolution = 10 } = options;
  if (typeof resolution !== 'number') throw errors.invalidArgType('options.resolution', 'of type number', resolution);
  if (!Number.isInteger(resolution)) throw errors.outOfRange('options.resolution', 'an integer', resolution);
  if (resolution <= 0 || resolution > 2 ** 31 - 1) {
    throw errors.outOfRange('options.resolution', `> 0 && <= ${2 ** 31 - 1}`, resolution);
  }
  return new IntervalHistogram(resolution);
}

// ---- the timeline ----------------------------------------------------------

class PerformanceEntry {
  constructor(name, entryType, startTime, duration, detail) {
    this.name = name;
    this.entryType = entryType;
    this.startTime = startTime;
    this.duration = duration;
    if (detail !== undefined) this.detail = detail;
  }
  toJSON() {
    return { name: this.name, entryType: this.entryType, startTime: this.startTime, duration: this.duration, detail: this.detail };
  }
}
class PerformanceMark extends PerformanceEntry {
  constructor(name, options = {}) {
    const startTime = options.startTime === undefined ? engineNow() : options.startTime;
    if (typeof startTime !== 'number') throw errors.invalidArgType('options.startTime', 'of type number', startTime);
    super(String(name), 'mark', startTime, 0, options.detail === undefined ? null : options.detail);
  }
}
class PerformanceMeasure extends PerformanceEntry {}

const timeline = []; // marks and measures, in order of creation
const observers = new Set();

// A measure's start or end: a time, or the latest mark of that name.
function markTime(name) {
  if (typeof name === 'number' || name === undefined) return name;
  for (let i = timeline.length - 1; i >= 0; i--) {
    if (timeline[i].entryType === 'mark' && timeline[i].name === name) return timeline[i].startTime;
  }
  throw new DOMException(`The "${name}" performance mark has not been set`, 'SyntaxError');
}

function enqueue(entry) {
  for (const o of observers) o._offer(entry);
}

function entriesOf(list, name, type) {
  return list
    .filter((e) => (name === undefined || e.name === name) && (type === undefined || e.entryType === type))
    .sort((a, b) => a.startTime - b.startTime);
}

class Performance {
  get timeOrigin() { return timeOrigin; }
  now() { return engineNow(); }
  mark(name, options) {
    if (name === undefined) throw errors.codeError(TypeError, 'ERR_MISSING_ARGS', 'The "name" argument must be specified');
    const m = new PerformanceMark(name, options);
    timeline.push(m);
    enqueue(m);
    return m;
  }
  measure(name, startOrOptions, endMark) {
    let start;
    let end;
    let detail = null;
    if (startOrOptions !== null && typeof startOrOptions === 'object') {
      const o = startOrOptions;
      start = markTime(o.start);
      end = markTime(o.end);
      if (o.duration !== undefined) {
        if (start !== undefined && end === undefined) end = start + o.duration;
        else if (end !== undefined && start === undefined) start = end - o.duration;
      }
      if (o.detail !== undefined) detail = o.detail;
    } else {
      start = markTime(startOrOptions);
      end = markTime(endMark);
    }
    if (start === undefined) start = 0;
    if (end === undefined) end = engineNow();
    const m = new PerformanceMeasure(String(name), 'measure', start, end - start, detail);
    timeline.push(m);
    enqueue(m);
    return m;
  }
  getEntries() { return entriesOf(timeline); }
  getEntriesByName(name, type) { return entriesOf(timeline, String(name), type); }
  getEntriesByType(type) { return entriesOf(timeline, undefined, String(type)); }
  clearMarks(name) { clear('mark', name); }
  clearMeasures(name) { clear('measure', name); }
  clearResourceTimings() {}
  timerify(fn, options) { return timerify(fn, options); }
  eventLoopUtilization(util1, util2) { return eventLoopUtilization(util1, util2); }
  toJSON() {
    return { timeOrigin: this.timeOrigin };
  }
}

function clear(type, name) {
  for (let i = timeline.length - 1; i >= 0; i--) {
    if (timeline[i].entryType === type && (name === undefined || timeline[i].name === name)) timeline.splice(i, 1);
  }
}

// A function whose calls become 'function' entries for observers.
function timerify(fn, options = {}) {
  errors.validateFunction(fn, 'fn');
  if (options === null || typeof options !== 'object') throw errors.invalidArgType('options', 'of type object', options);
  const timed = function (...args) {
    const start = engineNow();
    const result = new.target ? Reflect.construct(fn, args, new.target) : Reflect.apply(fn, this, args);
    const entry = new PerformanceEntry(fn.name, 'function', start, engineNow() - start);
    entry.detail = args;
    enqueue(entry);
    return result;
  };
  Object.defineProperties(timed, {
    name: { value: `timerified ${fn.name}`, configurable: true },
    length: { value: fn.length, configurable: true },
  });
  return timed;
}

// How busy the loop has been since it started (or between two earlier
// readings): idle is the time it waited for events, in ms.
function eventLoopUtilization(util1, util2) {
  const start = internals.loopStart;
  if (start === undefined) return { idle: 0, active: 0, utilization: 0 };
  let idle;
  let active;
  if (util2) {
    idle = util1.idle - util2.idle;
    active = util1.active - util2.active;
  } else {
    idle = internals.binding.loopIdleTime();
    active = engineNow() - start - idle;
    if (util1) {
      idle -= util1.idle;
      active -= util1.active;
    }
  }
  return { idle, active, utilization: active / (idle + active) };
}

const supportedEntryTypes = Object.freeze(['function', 'mark', 'measure']);

class PerformanceObserverEntryList {
  constructor(entries) { this._entries = entries; }
  getEntries() { return entriesOf(this._entries); }
  getEntriesByName(name, type) { return entriesOf(this._entries, String(name), type); }
  getEntriesByType(type) { return entriesOf(this._entries, undefined, String(type)); }
}

// Observers get the entries of the types they watch, in a batch after the
// current task (from setImmediate, as in Node).
class PerformanceObserver {
  constructor(callback) {
    errors.validateFunction(callback, 'callback');
    this._callback = callback;
    this._types = new Set();
    this._buffer = [];
    this._scheduled = false;
  }
  static get supportedEntryTypes() { return supportedEntryTypes; }
  observe(options = {}) {
    if (options === null || typeof options !== 'object') throw errors.invalidArgType('options', 'of type object', options);
    const { entryTypes, type, buffered } = options;
    if (entryTypes === undefined && type === undefined) {
      throw errors.codeError(TypeError, 'ERR_MISSING_ARGS', 'The "options.entryTypes" or "options.type" argument must be specified');
    }
    if (entryTypes !== undefined && type !== undefined) {
      throw errors.codeError(TypeError, 'ERR_INVALID_ARG_VALUE',
        "The property 'options.entryTypes' can not be used with 'options.type'. Received " + internals.describe(entryTypes));
    }
    const wanted = entryTypes !== undefined ? [...entryTypes] : [type];
    this._types.clear();
    for (const t of wanted) if (supportedEntryTypes.includes(t)) this._types.add(t);
    if (this._types.size === 0) return;
    observers.add(this);
    if (buffered && type !== undefined) {
      for (const e of entriesOf(timeline, undefined, type)) this._offer(e);
    }
  }
  disconnect() {
    observers.delete(this);
    this._buffer = [];
  }
  takeRecords() {
    const list = this._buffer;
    this._buffer = [];
    return list;
  }
  _offer(entry) {
    if (!this._types.has(entry.entryType)) return;
    this._buffer.push(entry);
    if (this._scheduled) return;
    this._scheduled = true;
    setImmediate(() => {
      this._scheduled = false;
      if (this._buffer.length === 0 || !observers.has(this)) return;
      const list = new PerformanceObserverEntryList(this.takeRecords());
      this._callback(list, this);
    });
  }
}

const performance = new Performance();

const constants = {
  NODE_PERFORMANCE_GC_MAJOR: 4,
  NODE_PERFORMANCE_GC_MINOR: 1,
  NODE_PERFORMANCE_GC_INCREMENTAL: 8,
  NODE_PERFORMANCE_GC_WEAKCB: 16,
  NODE_PERFORMANCE_GC_FLAGS_NO: 0,
  NODE_PERFORMANCE_GC_FLAGS_CONSTRUCT_RETAINED: 2,
  NODE_PERFORMANCE_GC_FLAGS_FORCED: 4,
  NODE_PERFORMANCE_GC_FLAGS_SYNCHRONOUS_PHANTOM_PROCESSING: 8,
  NODE_PERFORMANCE_GC_FLAGS_ALL_AVAILABLE_GARBAGE: 16,
  NODE_PERFORMANCE_GC_FLAGS_ALL_EXTERNAL_MEMORY: 32,
  NODE_PERFORMANCE_GC_FLAGS_SCHEDULE_IDLE: 64,
};

module.exports = {
  Performance,
  PerformanceEntry,
  PerformanceMark,
  PerformanceMeasure,
  PerformanceObserver,
  PerformanceObserverEntryList,
  monitorEventLoopDelay,
  eventLoopUtilization,
  timerify,
  createHistogram,
  performance,
  constants,
};
