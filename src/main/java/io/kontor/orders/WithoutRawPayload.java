package io.kontor.orders;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Jackson mix-in for {@link io.kontor.model.Order} where the channel's raw payload is not wanted (the stored
 * canonical JSON, the version fingerprint): it is by far the largest part of an order, and serialising it only to
 * drop it again cost the intake a fifth of its time.
 */
@JsonIgnoreProperties({"raw"})
abstract class WithoutRawPayload {
}
