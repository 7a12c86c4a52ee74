package io.herald.route;

import java.util.List;

/**
 * What registering a login's route within its user's {@link ConnectionLimit} did.
 *
 * @param admitted whether the route was registered; {@code false} where the limit refused it ({@code reject})
 * @param replaced the routes the registration took out to make room ({@code replace}), oldest first: their
 *                 connections are to be closed with 4010 wherever they are; empty otherwise
 */
public record Registration(boolean admitted, List<ConnectionRoute> replaced) {

    /** Registered, nothing replaced. */
    public static final Registration ADMITTED = new Registration(true, List.of());

    /** Refused by the limit. */
    public static final Registration REFUSED = new Registration(false, List.of());

    public Registration {
        replaced = List.copyOf(replaced);
    }
}
