import { Module } from '@nestjs/common';
import { BuiltinInstruments } from './builtin-instruments';
import { InstrumentService } from './instrument.service';
import { pluginRegistryProvider } from './plugin-registry.provider';

@Module({
  providers: [pluginRegistryProvider, InstrumentService, BuiltinInstruments],
  exports: [InstrumentService, pluginRegistryProvider],
})
export class InstrumentsModule {}
