package io.herald.bench;

import io.herald.codec.Json;

/**
 * What every part of one run shares.
 *
 * @param config the run's settings
 * @param ids    the names of its users and messages
 * @param json   reads and writes JSON
 * @param clock  stamps send and receive times
 * @param ledger counts what was pushed and what arrived
 */
record RunContext(BenchConfig config, RunIds ids, Json json, MicroClock clock, DeliveryLedger ledger) {
}
