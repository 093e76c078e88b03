// Runs in every test worker before the tests: quiet logs unless asked for.
process.env.LOG_LEVEL ??= 'warn';
process.env.NODE_ENV = 'test';
