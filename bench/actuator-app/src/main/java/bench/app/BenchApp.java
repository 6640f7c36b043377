package bench.app;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A small Spring Boot service with Actuator behind Spring Security (HTTP Basic, every request
 * authenticated, no session), optionally holding a ballast heap and parked threads so that
 * heap and thread dumps have something realistic to write.
 */
@SpringBootApplication
public class BenchApp {

    public static void main(String[] args) {
        System.out.println("main " + System.currentTimeMillis());
        long lifetime = Long.getLong("bench.max-seconds", 1800);
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(lifetime * 1000);
            } catch (InterruptedException e) {
                return;
            }
            System.exit(3);
        }, "bench-lifetime");
        watchdog.setDaemon(true);
        watchdog.start();
        SpringApplication.run(BenchApp.class, args);
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    @Bean
    UserDetailsService users(@Value("${bench.user}") String user, @Value("${bench.password}") String password,
            @Value("${bench.encoder}") String encoder) {
        String stored = switch (encoder) {
            case "bcrypt" -> PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(password);
            case "noop" -> "{noop}" + password;
            default -> throw new IllegalArgumentException("bench.encoder must be bcrypt or noop, not " + encoder);
        };
        var manager = new InMemoryUserDetailsManager(User.withUsername(user).password(stored).roles("OPS").build());
        // A plain UserDetailsService, not the manager itself: Spring Security would otherwise
        // "upgrade" the {noop} password to bcrypt after the first successful login.
        return manager::loadUserByUsername;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void ready(ApplicationReadyEvent event) {
        var env = event.getApplicationContext().getEnvironment();
        int mb = env.getProperty("bench.ballast-mb", Integer.class, 0);
        int threads = env.getProperty("bench.threads", Integer.class, 0);
        Ballast.build(mb);
        Ballast.park(threads);
        System.out.println("bench-app ready: " + Ballast.describe());
        System.out.flush();
    }
}
