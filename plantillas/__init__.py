"""El catálogo de plantillas: cada `.docx` con su contrato (entradas, contenidos obligatorios,
comprobaciones), el render en un entorno Jinja aislado, la validación antes y después de generar,
la conversión a PDF/A y los borradores con su revisión por el jefe.

Depende del dominio compartido (`expedientes`); no sabe nada del correo.
"""
