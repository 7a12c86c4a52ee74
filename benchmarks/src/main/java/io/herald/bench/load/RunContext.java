package io.herald.bench.load;

import io.herald.bench.measure.DeliveryLedger;
import io.herald.bench.measure.MicroClock;
import io.herald.codec.Json;

/**
 * What the parts of one run that open connections and push share.
 *
 * @param ids    the names of its users and messages
 * @param json   reads and writes JSON
 * @param clock  stamps send and receive times
 * @param ledger counts what was pushed and what arrived
 */
public record RunContext(RunIds ids, Json json, MicroClock clock, DeliveryLedger ledger) {
}
