package dev.hatch.demo;

import static dev.hatch.demo.OrderAuditTrailTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OrderServiceTest {

    @Test
    void theWorkerFulfilsACreatedOrder() throws Exception {
        try (OrderService orders = new OrderService(10)) {
            orders.start();
            OrderService.Order created = orders.create("SKU-00042", 3);
            assertThat(created.status()).isEqualTo("PENDING");

            await(() -> orders.find(created.id()).orElseThrow().status().equals("FULFILLED"));
            OrderService.Order done = orders.find(created.id()).orElseThrow();
            assertThat(done.totalCents()).isPositive();
            assertThat(done.totalCents() % 3).as("three of the same price").isZero();
            assertThat(orders.cacheStats().size()).isEqualTo(1);
        }
    }

    @Test
    void pausedFulfilmentBuildsABacklogThatDrainsOnResume() throws Exception {
        try (OrderService orders = new OrderService(10)) {
            orders.start();
            orders.pause(true);
            for (int i = 0; i < 20; i++) {
                orders.create(OrderService.randomSku(), 1);
            }
            assertThat(orders.backlog()).isEqualTo(20);

            orders.pause(false);
            await(() -> orders.backlog() == 0);
            assertThat(orders.workerAlive()).isTrue();
        }
    }

    @Test
    void newestOrdersComeFirst() {
        try (OrderService orders = new OrderService(10)) {
            long first = orders.create("A", 1).id();
            long second = orders.create("B", 1).id();

            assertThat(orders.newest(5)).extracting(OrderService.Order::id).containsExactly(second, first);
            assertThat(orders.newest(1)).hasSize(1);
        }
    }

    @Test
    void malformedOrdersAreRefused() {
        try (OrderService orders = new OrderService(10)) {
            assertThatThrownBy(() -> orders.create("no spaces allowed", 1)).hasMessageContaining("sku");
            assertThatThrownBy(() -> orders.create("SKU-1", 0)).hasMessageContaining("quantity");
            assertThatThrownBy(() -> orders.create(null, 1)).hasMessageContaining("sku");
            assertThat(orders.newest(10)).isEmpty();
        }
    }
}
