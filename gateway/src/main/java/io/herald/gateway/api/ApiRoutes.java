package io.herald.gateway.api;

import io.netty.handler.codec.http.HttpMethod;

import java.util.HashMap;
import java.util.Map;

/**
 * The API's routes: each path with the one method it takes and its endpoint. Built once by the node's
 * composition root; immutable.
 */
public final class ApiRoutes {

    /** A path's endpoint and the one method it takes. */
    record Route(HttpMethod method, Endpoint endpoint) {
    }

    private final Map<String, Route> routes;

    private ApiRoutes(Map<String, Route> routes) {
        this.routes = Map.copyOf(routes);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The route of a path, or {@code null}. */
    Route route(String path) {
        return routes.get(path);
    }

    /** Collects routes. Not thread-safe. */
    public static final class Builder {
        private final Map<String, Route> routes = new HashMap<>();

        private Builder() {
        }

        public Builder get(String path, Endpoint endpoint) {
            return add(path, HttpMethod.GET, endpoint);
        }

        public Builder post(String path, Endpoint endpoint) {
            return add(path, HttpMethod.POST, endpoint);
        }

        private Builder add(String path, HttpMethod method, Endpoint endpoint) {
            if (routes.putIfAbsent(path, new Route(method, endpoint)) != null) {
                throw new IllegalArgumentException("two routes for " + path);
            }
            return this;
        }

        public ApiRoutes build() {
            return new ApiRoutes(routes);
        }
    }
}
