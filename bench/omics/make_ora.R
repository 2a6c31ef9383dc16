# ORA benchmark data in the current folder: ora_sets.gmt (10,000 sets of 15-500 genes drawn from
# 20,000 genes) and ora_genes.txt (500 query genes, 100 of them from the first 50 sets).
set.seed(3)
G <- sprintf("GENE%05d", 1:20000)
sizes <- sample(15:500, 10000, replace = TRUE)
sets <- lapply(sizes, function(k) sample(G, k))
names(sets) <- sprintf("SET%05d", seq_along(sets))
writeLines(vapply(names(sets), function(n) paste(c(n, "na", sets[[n]]), collapse = "\t"), ""), "ora_sets.gmt")
q <- unique(c(sample(unlist(sets[1:50]), 100), sample(G, 400)))[1:500]
writeLines(q, "ora_genes.txt")
