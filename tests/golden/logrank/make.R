# Regenerates the logrank goldens with survival (R 4.2.2, survival 3.5.3). Run here: Rscript make.R
# Conventions: survdiff(Surv(time, status) ~ group [+ strata(s)]), rho = 0; observed/expected
# summed over strata; df = groups with expected > 0, minus 1; groups in sorted level order.
# trend (cases with >= 3 groups): U = sum(s * (O - E)), chisq = U^2 / (s' V s) with scores
# s = 1..k in sorted level order and V = survdiff's $var (Collett 2015, section 2.6).
library(survival); library(jsonlite)
case <- function(name, d, group, strata = NULL, trend = FALSE) {
  dir.create(name, showWarnings = FALSE)
  write.csv(d, file.path(name, "data.csv"), row.names = FALSE)
  d <- read.csv(file.path(name, "data.csv"))
  n0 <- nrow(d); d <- d[complete.cases(d), ]
  rhs <- if (is.null(strata)) group else paste0(group, " + strata(", strata, ")")
  sd <- survdiff(as.formula(paste("Surv(time, status) ~", rhs)), data = d)
  o <- if (is.matrix(sd$obs)) rowSums(sd$obs) else sd$obs
  e <- if (is.matrix(sd$exp)) rowSums(sd$exp) else sd$exp
  df <- sum(e > 0) - 1
  labs <- as.character(sort(unique(d[[group]])))
  groups <- lapply(seq_along(labs), function(k) list(group = labs[k], n = unname(as.integer(sd$n[k])),
                                                     observed = unname(o[k]), expected = unname(e[k])))
  out <- list(chisq = sd$chisq, df = df, p = pchisq(sd$chisq, df, lower.tail = FALSE), groups = groups,
              n_dropped = n0 - nrow(d))
  if (trend) {
    s <- seq_along(labs); U <- sum(s * (o - e)); V <- drop(t(s) %*% sd$var %*% s)
    out$trend <- list(chisq = U^2 / V, df = 1, p = pchisq(U^2 / V, 1, lower.tail = FALSE))
  }
  args <- paste("logrank --data data.csv --time time --event status --group", group)
  if (!is.null(strata)) args <- paste(args, "--strata", strata)
  writeLines(paste(args, "--json"), file.path(name, "args"))
  write(toJSON(out, auto_unbox = TRUE, digits = NA, null = "null", pretty = TRUE), file.path(name, "golden.json"))
  file.copy("tol.json", file.path(name, "tol.json"), overwrite = TRUE)
}
o <- data.frame(time = ovarian$futime, status = ovarian$fustat, rx = ovarian$rx)
case("ovarian_logrank_rx", o, "rx")
v <- data.frame(time = veteran$time, status = veteran$status, celltype = as.character(veteran$celltype))
case("veteran_logrank_celltype", v, "celltype")
cl <- subset(colon, etype == 2)
c2 <- data.frame(time = cl$time, status = cl$status, rx = as.character(cl$rx), sex = cl$sex)
case("colon_logrank_rx_strata_sex", c2, "rx", strata = "sex")
# ordered groups with a missing value (n_dropped 1) and the trend test
l <- data.frame(time = lung$time, status = lung$status - 1, ecog = lung$ph.ecog)
case("lung_logrank_ecog_trend", l, "ecog", trend = TRUE)
# aml: ties
a <- data.frame(time = aml$time, status = aml$status, x = as.character(aml$x))
case("aml_logrank_x", a, "x")
