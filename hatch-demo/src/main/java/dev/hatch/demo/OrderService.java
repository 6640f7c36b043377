package dev.hatch.demo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The business of the demo: orders are accepted into a bounded queue and fulfilled one by one
 * by the {@code order-fulfilment} thread, which looks each product up through an LRU cache of
 * the catalogue. The newest {@value #KEEP_ORDERS} orders are kept for reading back.
 */
final class OrderService implements AutoCloseable {
    static final int KEEP_ORDERS = 10_000;
    static final int QUEUE_CAPACITY = 10_000;
    static final int CATALOGUE_SIZE = 5_000;
    private static final Pattern SKU = Pattern.compile("[A-Za-z0-9-]{1,32}");

    /** An order; replaced by a fulfilled copy once the worker has shipped it. */
    record Order(long id, String sku, int quantity, String status, Instant createdAt, Instant fulfilledAt, long totalCents) {
        Order fulfilled(long priceCents) {
            return new Order(id, sku, quantity, "FULFILLED", createdAt, Instant.now(), priceCents * quantity);
        }
    }

    /** A catalogue entry; what the cache holds. */
    record Product(String sku, String name, String description, long priceCents) {
    }

    private final LinkedHashMap<Long, Order> orders = new LinkedHashMap<>();
    private final BlockingDeque<Long> queue = new LinkedBlockingDeque<>(QUEUE_CAPACITY);
    private final LruCache<String, Product> products;
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicLong fulfilled = new AtomicLong();
    private final Thread worker = new Thread(this::fulfil, "order-fulfilment");
    private volatile boolean paused;
    private volatile boolean running = true;

    /** A service whose product cache keeps at most {@code cacheSize} products. */
    OrderService(int cacheSize) {
        this.products = new LruCache<>(cacheSize);
        worker.setDaemon(true);
    }

    /** Starts the fulfilment worker. */
    void start() {
        worker.start();
    }

    /**
     * Accepts an order and queues it for fulfilment.
     *
     * @throws IllegalArgumentException when the SKU or quantity is malformed
     * @throws IllegalStateException when the fulfilment queue is full
     */
    Order create(String sku, int quantity) {
        if (sku == null || !SKU.matcher(sku).matches()) {
            throw new IllegalArgumentException("sku must be 1-32 letters, digits or '-'");
        }
        if (quantity < 1 || quantity > 1000) {
            throw new IllegalArgumentException("quantity must be between 1 and 1000, was " + quantity);
        }
        Order order = new Order(nextId.getAndIncrement(), sku, quantity, "PENDING", Instant.now(), null, 0);
        synchronized (orders) {
            orders.put(order.id(), order);
            if (orders.size() > KEEP_ORDERS) {
                orders.remove(orders.keySet().iterator().next());
            }
        }
        if (!queue.offer(order.id())) {
            throw new IllegalStateException("the fulfilment queue is full (" + QUEUE_CAPACITY + " orders); try again later");
        }
        return order;
    }

    /** An order by id, if it is still kept. */
    Optional<Order> find(long id) {
        synchronized (orders) {
            return Optional.ofNullable(orders.get(id));
        }
    }

    /** The newest orders, newest first. */
    List<Order> newest(int limit) {
        synchronized (orders) {
            List<Order> all = new ArrayList<>(orders.values());
            List<Order> result = new ArrayList<>();
            for (int i = all.size() - 1; i >= 0 && result.size() < limit; i--) {
                result.add(all.get(i));
            }
            return result;
        }
    }

    /** A random SKU, skewed so that a fifth of the catalogue gets most of the orders. */
    static String randomSku() {
        double r = ThreadLocalRandom.current().nextDouble();
        return String.format("SKU-%05d", (int) (CATALOGUE_SIZE * r * r * r));
    }

    /**
     * Pauses or resumes fulfilment. While paused, orders pile up in the queue and the health
     * check turns DOWN; an order the worker was already shipping is still finished.
     */
    void pause(boolean pause) {
        this.paused = pause;
    }

    /** Orders accepted and not yet fulfilled. */
    int backlog() {
        return queue.size();
    }

    /** Whether the worker thread is alive. */
    boolean workerAlive() {
        return worker.isAlive();
    }

    /** Counters for {@code GET /stats} and the audit trail. */
    Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("created", nextId.get() - 1);
        m.put("fulfilled", fulfilled.get());
        m.put("backlog", backlog());
        m.put("paused", paused);
        return m;
    }

    /** The product cache's counters. */
    LruCache.Stats cacheStats() {
        return products.stats();
    }

    private void fulfil() {
        while (running) {
            try {
                if (paused) {
                    Thread.sleep(100);
                    continue;
                }
                Long id = queue.poll(200, TimeUnit.MILLISECONDS);
                if (id == null) {
                    continue;
                }
                if (paused) {
                    queue.offerFirst(id); // paused while waiting: the order stays first in line
                    continue;
                }
                Order order = find(id).orElse(null);
                if (order == null) {
                    continue; // evicted from the kept window before it was shipped
                }
                Product product = products.get(order.sku(), OrderService::loadProduct);
                Thread.sleep(2 + ThreadLocalRandom.current().nextInt(8)); // packing and shipping
                synchronized (orders) {
                    orders.computeIfPresent(id, (k, o) -> o.fulfilled(product.priceCents()));
                }
                fulfilled.incrementAndGet();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                System.getLogger("dev.hatch.demo").log(System.Logger.Level.WARNING, "fulfilment failed", e);
            }
        }
    }

    /** The slow path the cache saves: builds a product as if read from a remote catalogue. */
    private static Product loadProduct(String sku) {
        StringBuilder description = new StringBuilder(2048);
        while (description.length() < 2000) {
            description.append(sku).append(" is a fine product; ");
        }
        long price = 100 + Math.floorMod(sku.hashCode(), 10_000);
        return new Product(sku, "Product " + sku, description.toString(), price);
    }

    /** Stops the worker, waiting at most a second for it. */
    @Override
    public void close() {
        running = false;
        worker.interrupt();
        try {
            worker.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
