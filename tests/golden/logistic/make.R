# Goldens for `prognos logistic` (glm binomial, univariate screen, step by AIC).
# Run from this folder: Rscript make.R. Factor dummies are named as prognos names them
# ("rx[Lev]"); Wald odds-ratio limits exp(b -/+ z se) (confint.default).
library(survival); library(jsonlite)
nm <- function(x, f) { for (v in f) { i <- startsWith(x, v) & x != v
  x[i] <- paste0(v, "[", substring(x[i], nchar(v) + 1), "]") }; x }
coefs <- function(fit, f) {
  cf <- summary(fit)$coefficients; z <- qnorm(0.975)
  lapply(seq_len(nrow(cf)), function(i) list(term = nm(rownames(cf)[i], f), estimate = cf[i, 1],
    se = cf[i, 2], z = cf[i, 3], p = cf[i, 4], or = exp(cf[i, 1]),
    or_lower = exp(cf[i, 1] - z * cf[i, 2]), or_upper = exp(cf[i, 1] + z * cf[i, 2])))
}
case <- function(name, d, y, terms, f, args, step = TRUE, uni = TRUE) {
  dir.create(name, showWarnings = FALSE)
  write.csv(d, file.path(name, "data.csv"), row.names = FALSE, quote = FALSE)
  fit <- glm(reformulate(terms, response = y), data = dd(d), family = binomial)
  g <- list(n = nrow(d), n_events = sum(d[[y]]), n_dropped = 0)
  if (step) {
    s <- step(fit, direction = "both", trace = 0)
    a <- s$anova
    g$step <- list(direction = "both", k = 2, selected = attr(terms(s), "term.labels"),
      path = lapply(seq_len(nrow(a)), function(i) list(step = as.character(a$Step[i]),
        df = if (is.na(a$Df[i])) NULL else a$Df[i],
        deviance = if (is.na(a$Deviance[i])) NULL else a$Deviance[i],
        resid_df = a[["Resid. Df"]][i], resid_dev = a[["Resid. Dev"]][i], aic = a$AIC[i])))
    fit <- s
  }
  g$coefficients <- coefs(fit, f)
  g$deviance <- fit$deviance; g$null_deviance <- fit$null.deviance; g$aic <- fit$aic
  g$df_residual <- fit$df.residual; g$df_null <- fit$df.null; g$iterations <- fit$iter
  if (uni) {
    z <- qnorm(0.975); rows <- list()
    for (t in terms) {
      u <- glm(reformulate(t, response = y), data = dd(d), family = binomial)
      cu <- summary(u)$coefficients
      pl <- pchisq(u$null.deviance - u$deviance, u$df.null - u$df.residual, lower.tail = FALSE)
      for (j in 2:nrow(cu)) rows[[length(rows) + 1]] <- list(term = t, column = nm(rownames(cu)[j], f),
        or = exp(cu[j, 1]), or_lower = exp(cu[j, 1] - z * cu[j, 2]), or_upper = exp(cu[j, 1] + z * cu[j, 2]),
        p = cu[j, 4], p_lrt = pl)
    }
    g$univariate <- rows
  }
  write_json(g, file.path(name, "golden.json"), auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null")
  writeLines(args, file.path(name, "args"))
  writeLines('{\n  "default": {"abs": 1e-8, "rel": 1e-6}\n}', file.path(name, "tol.json"))
  writeLines("needs the logistic subcommand registered in src/cli/mod.rs", file.path(name, "pending"))
}
dd <- function(d) { d$rx <- factor(d$rx, levels = c("Obs", "Lev", "Lev+5FU")); d$differ <- factor(d$differ); d }
cc <- colon[colon$etype == 1, c("status", "rx", "sex", "age", "obstruct", "perfor", "adhere",
  "nodes", "differ", "extent", "surg")]
cc <- cc[complete.cases(cc), ]
cc$rx <- as.character(cc$rx)
tc <- c("rx", "sex", "age", "obstruct", "perfor", "adhere", "nodes", "differ", "extent", "surg")
case("colon_step_both", cc, "status", tc, c("rx", "differ"),
  "logistic --data data.csv --outcome status --covariates rx,sex,age,obstruct,perfor,adhere,nodes,differ,extent,surg --factors rx:Obs,differ --univariate --step both --json")
