/**
 * The benchmarks behind {@code tributary bench}: block relay along a line of nodes ({@link dev.tributary.bench.RelayBench}),
 * the JMH kernels ({@link dev.tributary.bench.KernelBenchmarks}) and bitcoinj as the client Tributary is measured
 * against ({@link dev.tributary.bench.BitcoinjClient}). A module of their own, so that the product jar carries
 * neither JMH nor bitcoinj.
 */
package dev.tributary.bench;
