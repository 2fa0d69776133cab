package io.kontor.orders;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The hold code becomes part of the statement (so a partial index for it can be used): only a code gets there. */
class OrderRepositoryHeldForTest {

    private final OrderRepository orders = new OrderRepository(new JdbcTemplate(), new ObjectMapper());

    @Test
    void anythingButAHoldCodeIsRefusedBeforeAStatementIsBuilt() {
        for (String notACode : new String[]{"BACKORDER\"}]' or true --", "backorder", "", "BACK ORDER", "1BACKORDER"}) {
            assertThatThrownBy(() -> orders.heldFor(notACode, 10)).as(notACode)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Not a hold code");
        }
    }
}
