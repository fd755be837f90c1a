// Loads one strict-mode fixture (NABI_FIXTURE), runs its misuse, and says
// what the call returned: in warn mode the script goes on.
const [status, message] = require(process.env.NABI_FIXTURE).run();
console.log(`status=${status}`);
console.log(`message=${message}`);
console.log('continued');
