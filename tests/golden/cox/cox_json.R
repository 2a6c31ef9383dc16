# Shared by the cox, cox_screen and predict make.R scripts: the contract's
# `cox` JSON object from a coxph fit, values at full precision.
cox_json <- function(f, n_dropped, conf = 0.95, concordance = TRUE) {
  b <- coef(f)
  se <- sqrt(diag(f$naive.var %||% f$var))
  rse <- if (!is.null(f$naive.var)) sqrt(diag(f$var)) else NULL
  used <- if (is.null(rse)) se else rse
  z <- b / used
  q <- qnorm(1 - (1 - conf) / 2)
  co <- lapply(seq_along(b), function(i) list(
    term = names(b)[i], coef = unname(b[i]), se = unname(se[i]),
    robust_se = if (is.null(rse)) NULL else unname(rse[i]),
    hr = unname(exp(b[i])), hr_lower = unname(exp(b[i] - q * used[i])),
    hr_upper = unname(exp(b[i] + q * used[i])), z = unname(z[i]),
    p = unname(2 * pnorm(-abs(z[i])))))
  df <- sum(!is.na(b))
  tst <- function(s) list(stat = unname(s), df = df, p = pchisq(unname(s), df, lower.tail = FALSE))
  g <- list(n = f$n, events = f$nevent, n_dropped = n_dropped, ties = f$method,
            coefficients = co, loglik_null = f$loglik[1], loglik = f$loglik[2],
            tests = list(lr = tst(2 * diff(f$loglik)), wald = tst(f$wald.test), score = tst(f$score)))
  if (concordance) g$concordance <- list(c = unname(f$concordance["concordance"]),
                                         se = unname(f$concordance["std"]))
  g$iterations <- f$iter
  g
}
`%||%` <- function(a, b) if (is.null(a)) b else a

cox_tol <- function(note = NULL) {
  k <- function(a, r) list(abs = a, rel = r)
  list(rule = "As shared/reference/README.md: |cli - golden| <= abs + rel * |golden|.",
       note = note,
       default = k(1e-8, 1e-6),
       keys = list("coefficients[].coef" = k(1e-9, 1e-6), "coefficients[].se" = k(1e-9, 1e-6),
                   "coefficients[].robust_se" = k(1e-9, 1e-6), "coefficients[].hr" = k(1e-9, 1e-6),
                   "coefficients[].hr_lower" = k(1e-9, 1e-6), "coefficients[].hr_upper" = k(1e-9, 1e-6),
                   "coefficients[].z" = k(1e-6, 1e-6), "coefficients[].p" = k(1e-6, 1e-4),
                   "loglik_null" = k(1e-8, 1e-9), "loglik" = k(1e-8, 1e-9),
                   "tests.lr.stat" = k(1e-6, 1e-6), "tests.wald.stat" = k(1e-6, 1e-6),
                   "tests.score.stat" = k(1e-6, 1e-6), "tests.lr.p" = k(1e-6, 1e-4),
                   "tests.wald.p" = k(1e-6, 1e-4), "tests.score.p" = k(1e-6, 1e-4),
                   "concordance.c" = k(1e-9, 0), "concordance.se" = k(1e-8, 1e-5),
                   "iterations" = k(2, 0)),
       match_by = list(coefficients = "term"))
}

write_case <- function(name, d, args, golden, tol) {
  dir.create(name, showWarnings = FALSE)
  writeLines(args, file.path(name, "args"))
  jsonlite::write_json(golden, file.path(name, "golden.json"), digits = NA, auto_unbox = TRUE,
                       pretty = TRUE, null = "null")
  jsonlite::write_json(tol, file.path(name, "tol.json"), digits = NA, auto_unbox = TRUE, pretty = TRUE)
}

write_data <- function(name, d, file = "data.csv") {
  dir.create(name, showWarnings = FALSE)
  write.csv(d, file.path(name, file), row.names = FALSE, quote = FALSE, na = "NA")
  read.csv(file.path(name, file))
}
