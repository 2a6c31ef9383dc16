# Regenerates the decision-curve goldens. dcurves/rmda are not installed, so net
# benefit is computed in R by its definition (Vickers & Elkin 2006, dcurves' rule
# "treated when risk >= threshold"): NB = TP/n - FP/n * pt/(1 - pt); treat-all =
# prev - (1 - prev) * pt/(1 - pt); treat-none = 0; grid seq(0, 0.99, 0.01) (dcurves default).
library(jsonlite)
case <- function(name, d, models, from = 0, to = 0.99, by = 0.01) {
  dir.create(name, showWarnings = FALSE)
  write.csv(d, file.path(name, "data.csv"), row.names = FALSE)
  d <- read.csv(file.path(name, "data.csv"))
  y <- d$y; n <- length(y); prev <- mean(y)
  th <- seq(from, to, by)
  nb <- function(r) sapply(th, function(t) sum(r >= t & y == 1)/n - sum(r >= t & y == 0)/n * t/(1 - t))
  tr <- function(r) sapply(th, function(t) mean(r >= t))
  curves <- list(list(label = "all", net_benefit = prev - (1 - prev) * th/(1 - th), treated = rep(1, length(th))),
                 list(label = "none", net_benefit = rep(0, length(th)), treated = rep(0, length(th))))
  for (m in models) curves[[length(curves) + 1]] <- list(label = m, net_benefit = nb(d[[m]]), treated = tr(d[[m]]))
  g <- list(n = n, prevalence = prev, thresholds = th, curves = curves)
  write(toJSON(g, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(name, "golden.json"))
  grid <- if (from == 0 && to == 0.99 && by == 0.01) "" else paste0(" --thresholds ", from, ",", to, ",", by)
  writeLines(paste0("dca --data data.csv --label y --scores ", paste(models, collapse = ","), grid, " --json"),
             file.path(name, "args"))
  file.copy("tol.json", file.path(name, "tol.json"), overwrite = TRUE)
}
set.seed(7)
n <- 300
x <- rnorm(n)
y <- rbinom(n, 1, plogis(-1 + 1.5 * x))
d <- data.frame(y = y, good = round(plogis(-1 + 1.4 * x), 4), weak = round(plogis(-1 + 0.5 * x + rnorm(n, 0, 0.5)), 2))
case("two_models_default_grid", d, c("good", "weak"))
case("custom_grid_ties", d, c("weak"), from = 0.05, to = 0.5, by = 0.05)
cat(R.version.string, "\n")
