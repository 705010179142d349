"""El seguimiento: convenios hasta su última cuota, pagos importados, transacciones ante el Consejo
Directivo, expedientes trasladados a la Unidad Jurídica, el Plan Anual de Recuperación de Mora y
las cifras del panel del jefe.

Usa los servicios públicos de `plantillas`, `correspondencia` y `archivo`; solo la aplicación
(`recupera`) lo importa.
"""
