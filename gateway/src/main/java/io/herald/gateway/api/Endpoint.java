package io.herald.gateway.api;

import io.herald.codec.WireException;

import java.util.concurrent.CompletionStage;

/**
 * One route of the HTTP API. Called on the API channel's event loop; must not block, so work that waits on
 * the cluster returns a stage.
 */
public interface Endpoint {

    /**
     * @throws WireException a bad request, answered with its code and message
     */
    CompletionStage<ApiResponse> handle(ApiRequest request) throws WireException;
}
