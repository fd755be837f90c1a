// util.inspect lays long arrays out in columns by terminal width, not
// string length: CJK and fullwidth characters take two columns, combining
// marks none (as a word segmenter's or pinyin library's output prints).
'use strict';
const util = require('util');

console.log(['小明', '硕士', '毕业', '于', '中国', '科学', '学院', '科学院', '中国科学院', '计算', '计算所']);
console.log(['ｆｕｌｌ', 'é', 'e\u0301', 'ab', 'cd', 'ef', 'gh', 'ij']);
console.log([1, 22, 333, 4444, 55555, 666666, 7777777, '中文']);
console.log(Array.from({ length: 30 }, (_, i) => '字'.repeat((i % 5) + 1)));
console.log(util.inspect(['한국어', '日本語', 'ｶﾀｶﾅ', 'abc', 'de', 'f', 'ghij'], { breakLength: 40 }));
console.log({ words: ['我', '来到', '北京', '清华大学', '我', '来到', '北京', '清华大学'] });
