/**
 * The engine thread and injected time. All synchronization state is owned by one thread, driven by
 * events (messages, timers, local writes) submitted through a {@link dev.tributary.engine.Scheduler}.
 * Tests substitute a manual scheduler that steps virtual time, so protocol logic runs without sockets
 * and without sleeps. Depends on nothing else in Tributary.
 */
package dev.tributary.engine;
