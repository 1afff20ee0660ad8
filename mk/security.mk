# mk/security.mk - (to be filled)
