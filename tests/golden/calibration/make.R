# Regenerates the calibration goldens. Run from this folder: Rscript make.R
# ResourceSelection is not installed here, so hoslem.test is computed by its own
# formula (ResourceSelection 0.3-5 source): breaks = unique(quantile(p, seq(0, 1, 1/g))),
# cut(include.lowest = TRUE), chisq = sum((obs - expect)^2 / expect) over both columns,
# df = g - 2. CITL = glm(y ~ offset(qlogis(p)), binomial); slope from glm(y ~ qlogis(p)).
library(jsonlite)
hoslem <- function(y, yhat, g = 10) {
  qq <- unique(quantile(yhat, probs = seq(0, 1, 1/g)))
  cutyhat <- cut(yhat, breaks = qq, include.lowest = TRUE)
  obs <- xtabs(cbind(1 - y, y) ~ cutyhat)
  expect <- xtabs(cbind(1 - yhat, yhat) ~ cutyhat)
  chisq <- sum((obs - expect)^2 / expect)
  list(chisq = chisq, df = g - 2, p = 1 - pchisq(chisq, g - 2), g = g,
       n = as.integer(table(cutyhat)), observed = unname(obs[, 2]), expected = unname(expect[, 2]))
}
case <- function(name, d, g = 10) {
  dir.create(name, showWarnings = FALSE)
  write.csv(d, file.path(name, "data.csv"), row.names = FALSE)
  d <- read.csv(file.path(name, "data.csv"))
  y <- d$y; p <- d$p
  est <- function(fit, k, null = 0) {
    s <- summary(fit)$coefficients[k, ]; e <- s[[1]]; se <- s[[2]]
    list(estimate = e, se = se, lower = e - qnorm(0.975) * se, upper = e + qnorm(0.975) * se,
         p = 2 * pnorm(-abs((e - null) / se)))
  }
  citl <- glm(y ~ 1 + offset(qlogis(p)), family = binomial)
  rec <- glm(y ~ qlogis(p), family = binomial)
  hl <- hoslem(y, p, g)
  lw <- lowess(p, y, iter = 0)
  keep <- !duplicated(lw$x)
  brier <- mean((p - y)^2)
  gl <- list(n = length(y), events = sum(y), mean_predicted = mean(p), observed_rate = mean(y),
    citl = est(citl, 1), recalibration = list(intercept = est(rec, 1), slope = est(rec, 2, 1)),
    hosmer_lemeshow = hl[c("chisq", "df", "p", "g")],
    groups = data.frame(n = hl$n, observed = hl$observed, expected = hl$expected),
    smooth = data.frame(predicted = lw$x[keep], observed = lw$y[keep]),
    brier = brier, scaled_brier = 1 - brier / (mean(y) * (1 - mean(y))))
  write(toJSON(gl, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(name, "golden.json"))
  writeLines(paste("calibration --data data.csv --label y --prob p --groups", g, "--json"), file.path(name, "args"))
  file.copy("tol.json", file.path(name, "tol.json"), overwrite = TRUE)
}
set.seed(20240501)
n <- 400
p <- plogis(rnorm(n, -0.8, 1.1))
y <- rbinom(n, 1, plogis(0.3 + 1.25 * qlogis(p)))
case("simulated_miscalibrated", data.frame(y = y, p = round(p, 6)))
# heavy ties in p (two decimals): tied deciles merge, df stays g - 2
case("simulated_tied_deciles", data.frame(y = y, p = pmin(pmax(round(p, 1), 0.05), 0.95)))
cat(R.version.string, "\n")
