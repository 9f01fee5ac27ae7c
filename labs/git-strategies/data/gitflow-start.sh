# GitFlow on the shop repository. One command per line; # starts a comment.
# The team's work this week (work <id> commits it on the branch you are on):
#   login      An     ready Mon 11:00
#   search     Binh   ready Mon 15:30
#   price-fix  Linh   ready Wed 09:30  (prices in production round down: fix it now)
#   reviews    Chi    ready Wed 14:00
# The release train leaves on Thursday at 16:00 (@Thu 16:00): release 1.1.0.
git flow init
git flow feature start login
work login
git flow feature finish login
