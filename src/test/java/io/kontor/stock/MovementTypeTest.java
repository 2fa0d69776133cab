package io.kontor.stock;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The journal's reasons, as the writers of the ledger give them, read as the movement types the API names. */
class MovementTypeTest {

    @Test
    void everyReasonTheHubWritesHasItsType() {
        assertThat(MovementType.ofReason("GOODS_RECEIPT")).isEqualTo(MovementType.RECEIPT);
        assertThat(MovementType.ofReason("RESERVED")).isEqualTo(MovementType.RESERVATION);
        assertThat(MovementType.ofReason("RELEASED")).isEqualTo(MovementType.RELEASE);
        assertThat(MovementType.ofReason("SHIPPED")).isEqualTo(MovementType.SHIPMENT);
        assertThat(MovementType.ofReason("STOCK_COUNT")).isEqualTo(MovementType.COUNT);
        assertThat(MovementType.ofReason("ADJUSTMENT")).isEqualTo(MovementType.ADJUSTMENT);
        assertThat(MovementType.ofReason("SOMETHING_ELSE")).as("kept as an adjustment, its reason in the note").isEqualTo(MovementType.ADJUSTMENT);
    }

    @Test
    void reservationsAndReleasesAreAboutReservedUnitsTheRestAboutUnitsOnHand() {
        assertThat(MovementType.RESERVATION.movesReservations()).isTrue();
        assertThat(MovementType.RELEASE.movesReservations()).isTrue();
        assertThat(MovementType.SHIPMENT.movesReservations()).isFalse();
        assertThat(MovementType.COUNT.movesReservations()).isFalse();
    }
}
