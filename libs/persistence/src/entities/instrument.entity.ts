import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A named instrument of one kind; its content lives in its versions. */
@Entity({ name: 'instrument' })
export class InstrumentEntity {
  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  kind!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
