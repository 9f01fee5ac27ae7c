# Trunk-based on a copy of the same repository, the same week.
#   login      An     ready Mon 11:00
#   search     Binh   ready Mon 15:30
#   price-fix  Linh   ready Wed 09:30
#   reviews    Chi    ready Wed 14:00
# One short branch per piece of work, merged into main as soon as it is done.
git switch -c login
work login
git switch main
git merge login
