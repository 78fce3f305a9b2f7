// Configuration every test process starts from; a test that needs other values passes its own
// environment to parseConfig.
process.env.NODE_ENV = "test";
process.env.LOG_LEVEL ??= "silent";
process.env.OPERATOR_EMAIL ??= "operator@example.com";
process.env.OPERATOR_PASSWORD ??= "correct horse battery staple";
process.env.SESSION_SECRET ??= "test-session-secret-0123456789abcdef0123";
process.env.ENCRYPTION_KEY ??= "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
