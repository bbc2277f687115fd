raise ValueError('steward smoke statement failed')
