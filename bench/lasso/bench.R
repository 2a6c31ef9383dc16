# R side of the lasso-cox benchmark: glmnet path and cv.glmnet with the same folds.
# Usage: Rscript bench.R wide_5000.csv
suppressMessages({library(glmnet); library(survival); library(data.table)})
f <- commandArgs(TRUE)[1]
d <- as.data.frame(fread(f))
x <- as.matrix(d[, grep("^g", names(d))]); y <- Surv(d$time, d$status)
t1 <- system.time(fit <- glmnet(x, y, family = "cox"))[["elapsed"]]
t2 <- system.time(cv <- cv.glmnet(x, y, family = "cox", foldid = d$fold))[["elapsed"]]
cat(sprintf("R %s path_s=%.3f cv_s=%.3f nlambda=%d lambda_min=%.10g\n", basename(f), t1, t2, length(fit$lambda), cv$lambda.min))
