# Reference solutions for the SD engine (test/sd/desolve.test.ts), computed with R deSolve.
#
#   Rscript scripts/desolve/make-fixtures.R          # from the repository root
#
# Each model is the same as test/fixtures/sd/<name>.yaml. Fixed-step methods (euler, rk4) are run with
# the output times on every step, so deSolve takes exactly the steps Climb takes; the fixture keeps every
# saveEvery-th row. ode45 (Dormand-Prince) runs with rtol = atol = 1e-10 as a near-exact reference.
# Writes test/fixtures/sd/<name>.desolve.json. Needs only deSolve (JSON is written by hand).
suppressMessages(library(deSolve))

num <- function(x) {
  s <- sprintf("%.17g", x)
  s[!is.finite(x)] <- "null"
  paste0("[", paste(s, collapse = ","), "]")
}

write_fixture <- function(name, runs) {
  parts <- vapply(names(runs), function(method) {
    r <- runs[[method]]
    series <- vapply(names(r$series), function(v) sprintf('"%s":%s', v, num(r$series[[v]])), "")
    sprintf('"%s":{"dt":%s,"time":%s,"series":{%s}}', method, sprintf("%.17g", r$dt), num(r$time),
            paste(series, collapse = ","))
  }, "")
  json <- sprintf('{"model":"%s","generator":"R %s, deSolve %s",%s}\n', name,
                  paste(R.version$major, R.version$minor, sep = "."), packageVersion("deSolve"),
                  paste(parts, collapse = ","))
  out <- file.path("test", "fixtures", "sd", paste0(name, ".desolve.json"))
  writeLines(json, out, sep = "")
  cat("wrote", out, "\n")
}

# Runs one model with euler, rk4 (every dt, kept every saveEvery) and ode45 (at the save times).
solve_all <- function(y0, func, parms, start, stop, dt, save_every, keep) {
  steps <- round((stop - start) / dt)
  times <- start + (0:steps) * dt
  stride <- round(save_every / dt)
  rows <- seq(1, steps + 1, by = stride)
  save_times <- start + (0:(length(rows) - 1)) * save_every
  pick <- function(out, rows) {
    series <- lapply(keep, function(v) as.numeric(out[rows, v]))
    names(series) <- keep
    list(time = as.numeric(out[rows, "time"]), series = series)
  }
  runs <- list()
  for (m in c("euler", "rk4")) {
    out <- ode(y = y0, times = times, func = func, parms = parms, method = m)
    runs[[m]] <- c(list(dt = dt), pick(out, rows))
  }
  out <- ode(y = y0, times = save_times, func = func, parms = parms, method = "ode45",
             rtol = 1e-10, atol = 1e-10)
  runs[["ode45"]] <- c(list(dt = dt), pick(out, seq_along(save_times)))
  runs
}

# Climb's STEP: height from the step time on (with the engine's time tolerance of 1e-9 · max(1, |start|, |stop|)).
step_fn <- function(t, height, at, tol) if (t >= at - tol) height else 0

# 1. Logistic growth
logistic <- function(t, y, p) {
  with(as.list(c(y, p)), {
    crowding <- population / capacity
    births <- r * population * (1 - crowding)
    list(c(births - 0), births = births, crowding = crowding)
  })
}
write_fixture("logistic", solve_all(c(population = 10), logistic, c(r = 0.3, capacity = 1000),
                                    0, 50, 0.25, 0.25, c("population", "births", "crowding")))

# 2. SIR
sir <- function(t, y, p) {
  with(as.list(c(y, p)), {
    population <- susceptible + infected + recovered
    infection <- beta * susceptible * infected / population
    recovery <- gamma * infected
    list(c(-infection, infection - recovery, recovery), infection = infection, recovery = recovery)
  })
}
write_fixture("sir", solve_all(c(susceptible = 999, infected = 1, recovered = 0), sir,
                               c(beta = 0.35, gamma = 0.1), 0, 100, 0.125, 1,
                               c("susceptible", "infected", "recovered", "infection", "recovery")))

# 3. Lotka-Volterra
lv <- function(t, y, p) {
  with(as.list(c(y, p)), {
    list(c(alpha * prey - beta * prey * predators, delta * prey * predators - gamma * predators))
  })
}
write_fixture("lotka-volterra", solve_all(c(prey = 10, predators = 5), lv,
                                          c(alpha = 1, beta = 0.1, delta = 0.075, gamma = 1.5),
                                          0, 40, 0.01, 0.5, c("prey", "predators")))

# 4. Supply line: DELAY3 as the explicit chain of three stocks, the lookup by approxfun(rule = 2).
availability <- approxfun(c(0, 0.25, 0.5, 1, 2), c(0, 0.5, 0.8, 1, 1), rule = 2)
supply <- function(t, y, p) {
  with(as.list(c(y, p)), {
    tol <- 1e-9 * 40
    demand <- base_demand + step_fn(t, demand_step, step_time, tol)
    orders <- max(0, demand + (desired_inventory - inventory) / adjustment_time)
    tau <- production_delay / 3
    out1 <- L1 / tau
    out2 <- L2 / tau
    production <- L3 / tau
    shipments <- demand * availability(inventory / desired_inventory)
    list(c(production - shipments, orders - out1, out1 - out2, out2 - production),
         production = production, shipments = shipments, orders = orders, demand = demand)
  })
}
sp <- c(base_demand = 100, demand_step = 20, step_time = 5, production_delay = 6, adjustment_time = 4,
        desired_inventory = 400)
# Initial orders are 100 (inventory at its desired level), so each stage holds 100 · 6 / 3.
write_fixture("supply-line", solve_all(c(inventory = 400, L1 = 200, L2 = 200, L3 = 200), supply, sp,
                                       0, 40, 0.25, 1,
                                       c("inventory", "production", "shipments", "orders", "demand")))
