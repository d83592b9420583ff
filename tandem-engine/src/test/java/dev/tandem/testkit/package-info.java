/**
 * Test fixtures shared by the tests of the engine, the server and the CLI, shipped in
 * tandem-engine's test-jar (as tandem-store's test-jar ships its test backends): small trained
 * homes ({@link dev.tandem.testkit.TinyHome}, {@link dev.tandem.testkit.AskBooks}) and bounded
 * polling for real asynchronous I/O ({@link dev.tandem.testkit.Poll}). A fixture that more than one
 * module's tests need lives here, once.
 */
package dev.tandem.testkit;
