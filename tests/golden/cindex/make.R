# Regenerates the cindex goldens with survival (R 4.2.2, survival 3.5.3). Run here: Rscript make.R
# Conventions: Harrell = concordance(Surv(time, status) ~ score, reverse = TRUE) (higher score =
# higher risk, ties in score count 1/2), se = sqrt(var); counts in the reversed orientation.
# Uno = concordance(..., reverse = TRUE, timewt = "n/G2", ymax = tau); tau defaults to max(time).
# The bootstrap interval is not compared (different random streams from R).
library(survival); library(jsonlite)
case <- function(name, d, score, tau = NULL) {
  dir.create(name, showWarnings = FALSE)
  write.csv(d, file.path(name, "data.csv"), row.names = FALSE)
  d <- read.csv(file.path(name, "data.csv"))
  n0 <- nrow(d); d <- d[complete.cases(d), ]
  f <- as.formula(paste("Surv(time, status) ~", score))
  h <- concordance(f, data = d, reverse = TRUE)
  u <- concordance(f, data = d, reverse = TRUE, timewt = "n/G2", ymax = tau)
  out <- list(harrell = list(c = h$concordance, se = sqrt(h$var), concordant = unname(h$count["concordant"]),
                             discordant = unname(h$count["discordant"]), tied_score = unname(h$count["tied.x"]),
                             tied_time = unname(h$count["tied.y"]), tied_both = unname(h$count["tied.xy"])),
              uno = list(c = u$concordance, tau = if (is.null(tau)) max(d$time) else tau, se = sqrt(u$var)),
              n = nrow(d), n_dropped = n0 - nrow(d))
  args <- paste("cindex --data data.csv --time time --event status --score", score)
  if (!is.null(tau)) args <- paste(args, "--tau", tau)
  writeLines(paste(args, "--json"), file.path(name, "args"))
  write(toJSON(out, auto_unbox = TRUE, digits = NA, null = "null", pretty = TRUE), file.path(name, "golden.json"))
  file.copy("tol.json", file.path(name, "tol.json"), overwrite = TRUE)
}
v <- data.frame(time = veteran$time, status = veteran$status, karno = veteran$karno)
case("veteran_cindex_karno", v, "karno")
case("veteran_cindex_karno_tau100", v, "karno", tau = 100)
cl <- subset(colon, etype == 2)
c2 <- data.frame(time = cl$time, status = cl$status, nodes = cl$nodes)
case("colon_cindex_nodes_tau2000", c2, "nodes", tau = 2000)
a <- data.frame(time = aml$time, status = aml$status, x = as.integer(aml$x == "Nonmaintained"))
case("aml_cindex_binary", a, "x")
set.seed(11)
tt <- sample(1:40, 80, replace = TRUE)
nt <- data.frame(time = tt + ifelse(runif(80) < 0.4, 1e-9 * sample(1:5, 80, replace = TRUE), 0),
                 status = rbinom(80, 1, 0.7), score = round(rnorm(80), 1))
case("neartied_cindex_timefix", nt, "score")
